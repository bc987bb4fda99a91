/**
 * The evaluation methods (issue 22 §3; domain §3, §8 S1–S11, E5, E6, O2): pure, decimal, versioned.
 * Browser-safe (the scoring form shows running totals with the same code): no I/O, no clock, no Node API.
 */
export { EVALUATION_KINDS, EVALUATION_METHOD_VERSIONS, EVALUATION_KIND_NAMES, EVALUATION_SUBJECTS, CRITERION_GROUPS, COMPLIANCE_KINDS, DEFAULT_AGGREGATION, BASE_PRICE_STRATEGIES, GP_PRICE_WEIGHT_RANGES, POLICY_RATE_RANGES, CONSORTIUM_MIN_SME_SHARE, MAX_CANDIDATES, validateMethod, isComprehensive, priceWeightFraction } from './method.ts';
export type { EvaluationKind, EvaluationSubject, CriterionGroup, ScoredCriterion, ComplianceCriterion, Weights, Aggregation, BasePriceRule, PolicyRates, AbnormallyLowRule, LastResort, EngComprehensiveMethod, EngLowestEvaluatedPriceMethod, GpComprehensiveMethod, GpLowestPriceMethod, EvaluationMethodSpec, ComprehensiveMethod } from './method.ts';
export { checkScore, validateScoreSheet, objectiveDisagreements } from './score-sheet.ts';
export type { ScoreEntry, ScoreSheet, ObjectiveDisagreement } from './score-sheet.ts';
export { aggregateValues, aggregateScores } from './aggregate.ts';
export type { AggregateOf, BidAggregate } from './aggregate.ts';
export { reviewCompliance, checkEnoughBids, GP_MIN_QUALIFIED_BIDS } from './compliance.ts';
export type { ComplianceFinding, ComplianceItem, ComplianceBid, ComplianceInput, ItemDecision, EnoughBids } from './compliance.ts';
export { correctPrice } from './price-correction.ts';
export type { PriceLine, StatedPrice, CorrectionCode, CorrectionStep, PriceCorrection } from './price-correction.ts';
export { checkPolicyClaim, policyDeduction, lowPriceFirstScores, checkK, basePrice, deviationScores, flagAbnormallyLow } from './price.ts';
export type { PolicyClaim, Deduction, LowPriceFirstScore, BasePrice, DeviationScore, AbnormallyLowFlag } from './price.ts';
export { TIE_BREAKS, rankBids } from './rank.ts';
export type { TieBreakKey, RankInput, RankedBid, DrawGroup, Ranking } from './rank.ts';
export { extensionGranted, extensionThreshold, voidMemberFindings, assertChair } from './session.ts';
export type { ReReviewItem } from './session.ts';
export { evaluate } from './evaluate.ts';
export { appliesSameBrand, biddersFor, brandKey, brandsOf, countBidders, BRAND_MAX } from './same-brand.ts';
export type { EvaluationBid, EvaluationInput, EvaluationResult, BidResult, CostCheck } from './evaluate.ts';
export { Dec as EvaluationDecimal, fixed2 } from './decimal.ts';
export {
  EVALUATION_DECLARATION_PREFIX,
  EVALUATION_SHEET_TYPE,
  EVALUATION_MANIFEST_TYPE,
  EVALUATION_LABELS_TYPE,
  SHEET_STAGES,
  REASON_MAX,
  normalizeReason,
  canonicalEntries,
  sheetObject,
  sheetBytes,
  parseSheetBytes,
  declarationText,
  labelsCommitmentBytes,
  canonicalJson,
} from './objects.ts';
export type { SheetStage, ComplianceEntry, ScoreSheetEntry, EvaluationSheetObject, DeclarationFacts, ManifestBid, EvaluationManifest } from './objects.ts';
