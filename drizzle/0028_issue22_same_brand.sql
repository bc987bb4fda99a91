-- Issue 22 §3, R87 §31 (domain §3.1): the brand of a bid's core product as the evaluation committee recorded
-- it. In a GP tender bidders offering the same brand count as one bidder and only the best of them may be
-- recommended; null: none recorded (the bid counts on its own).
ALTER TABLE "evaluation_bid_inputs" ADD COLUMN "brand" text;
