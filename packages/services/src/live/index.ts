/** Live events across server instances (DESIGN §3). */
export { LiveHub, publishLiveEvent, type LiveEvent, type PublishInput } from './hub.ts';
