// esbuild stand-in for `@smithy/core/event-streams` (infra/esbuild/plugins.cjs, `noEventStreams`). The SDK's protocols
// reach it only through HttpProtocol.loadEventStreamCapability()'s dynamic import, for an operation whose input or
// output schema has an event-stream member; none of our clients has such an operation (tests/infra/bundle-trim.test.ts
// checks every client in package.json). 18.9 KiB less in every SDK bundle (plugins.cjs says what).
// A client that does have event streams imports the provider from here at construction, so it fails at cold start,
// not on its first streaming call.
const unsupported = () => {
  throw new Error(
    'AWS SDK event streams are not in Lambda bundles: @smithy/core/event-streams is stubbed by infra/esbuild/plugins.cjs (noEventStreams)',
  );
};

export const eventStreamSerdeProvider = unsupported;

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}
