// The few members of @elastic/mockotlpserver (which ships no types) that the OTLP round-trip test uses.
declare module "@elastic/mockotlpserver" {
  export class MockOtlpServer {
    constructor(options: {
      services?: ("http" | "grpc" | "ui")[];
      httpHostname?: string;
      httpPort?: number;
      logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
      onTrace?: (request: unknown) => void;
    });
    httpUrl: URL | null;
    start(): Promise<void>;
    close(): Promise<void>;
  }
}
