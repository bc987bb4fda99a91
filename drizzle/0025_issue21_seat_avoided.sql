-- Issue 21 §2 (E3): a drawn seat whose expert must withdraw when its invitation comes (a tie declared after
-- the freeze, a sanction, unavailability) is recorded as avoided; the next backup is invited.
ALTER TYPE "public"."committee_member_status" ADD VALUE IF NOT EXISTS 'avoided';
