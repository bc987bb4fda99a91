/**
 * The value lists of the glossary words that have no other home in domain yet (the database enums of
 * packages/db mirror them): deposit statuses and forms, notice kinds, the bid parts, and the opening's
 * decryption, confirmation and failure-cause states. The other lists live beside their rules
 * (PROCEDURE_STATUSES, TRADE_TYPES, PROCEDURE_METHODS, PROJECT_SUBJECTS, PRICE_KINDS, ROLES).
 */
export const DEPOSIT_STATUSES = ['pending', 'received', 'refunded', 'forfeited'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

/** How a security is given (domain SecurityForm; db deposit_form). */
export const DEPOSIT_FORMS = ['cash', 'guarantee', 'e_guarantee'] as const;

export const NOTICE_KINDS = ['tender', 'prequalification', 'amendment', 'land_sale', 'property_disclosure', 'single_source', 'termination', 'failure', 'prequalification_result'] as const;
export type NoticeKindWord = (typeof NOTICE_KINDS)[number];

/** The parts of a bid, in their order (the envelope's BID_PARTS of @ebid/pki; the web test checks they agree). */
export const BID_PART_WORDS = ['summary', 'commercial', 'technical', 'qualification'] as const;

export const DECRYPT_STATUSES = ['pending', 'decrypted', 'revoked', 'withdrawn_external'] as const;
export const CONFIRM_STATUSES = ['pending', 'confirmed', 'objected', 'deemed_accepted'] as const;
/** Why a bid could not be decrypted (O3): the bidder's fault (撤销) or not (撤回). */
export const FAILURE_CAUSES = ['bidder', 'platform', 'third_party'] as const;
