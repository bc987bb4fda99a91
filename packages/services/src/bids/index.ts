/**
 * Sealed bids (issue 6): the use cases. Uploading a sealed part in pieces (uploads.ts), finalizing the bid
 * with its platform-signed receipt (finalize.ts), the company's own bids (own-bids.ts), the receipt as a
 * PDF (receipt-pdf.ts) and the digests job (digests.ts). Who may bid until when is bidding-window.ts, the
 * pieces and their hash pieces.ts, a company's signature company-signature.ts.
 */
export { bidUploadStatus, putBidPiece, runBidUploadCleanup, startBidUpload } from './uploads.ts';
export { finalizeBid } from './finalize.ts';
export { bidReceipt, myBids, openSealedPart, withdrawBid } from './own-bids.ts';
export { bidReceiptPdf } from './receipt-pdf.ts';
export { runBidDigest } from './digests.ts';
