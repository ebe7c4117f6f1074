import { RANK } from "../hits.js";
import type { PatternEntry } from "../pattern-family.js";

const TOKEN68 = "[A-Za-z0-9._~+/-]";

// RFC 7617: the credentials are base64 of "user:password". Requiring the colon keeps "Basic information" visible.
function decodesToUserPass(encoded: string): boolean {
  try {
    return atob(encoded).includes(":");
  } catch {
    return false;
  }
}

// Credential shapes whose secret part is hidden and whose frame stays readable: "Bearer [REDACTED:…]",
// "postgres://app:[REDACTED:url-password]@db". Each has exactly one group, the hidden part.
export const CREDENTIAL_ENTRIES: readonly PatternEntry[] = [
  {
    kind: "bearer-token",
    source: "toolgate (RFC 6750 b64token; cf. gitleaks curl-auth-header)",
    pattern: String.raw`\b[Bb][Ee][Aa][Rr][Ee][Rr](?:[ \t]{1,8}|%20)(${TOKEN68}{8,8192}={0,4})`,
    rank: RANK.credential,
    trigger: /bearer/i,
  },
  {
    kind: "basic-auth",
    source: "toolgate (RFC 7617; cf. secretlint's basicauth rule)",
    pattern: String.raw`\b[Bb][Aa][Ss][Ii][Cc](?:[ \t]{1,8}|%20)([A-Za-z0-9+/]{4,8192}={0,2})`,
    check: decodesToUserPass,
    rank: RANK.credential,
    trigger: /basic/i,
  },
  {
    kind: "slack-webhook",
    source: "slack-webhook-url",
    pattern: String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/]{43,120})`,
    rank: RANK.format,
  },
  {
    kind: "azure-client-secret",
    source: "azure-ad-client-secret",
    pattern: "(?<![0-9A-Za-z_~.])[0-9A-Za-z_~.]{3}[0-9]Q~[0-9A-Za-z_~.-]{31,34}",
    trigger: ["Q~"],
  },
  {
    kind: "telegram-bot-token",
    source: "telegram-bot-api-token (without its telegr keyword)",
    pattern: "(?<![0-9])[0-9]{8,10}:AA[0-9A-Za-z_-]{33}",
    trigger: [":AA"],
  },
  {
    kind: "teams-webhook",
    source: "microsoft-teams-webhook",
    pattern: String.raw`webhook\.office\.com/webhookb2/[a-z0-9@-]{20,100}/IncomingWebhook/([a-z0-9]{32}/[a-z0-9-]{36})`,
    rank: RANK.format,
  },
  {
    kind: "discord-webhook",
    source: "toolgate (Discord webhook URLs)",
    pattern: String.raw`discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,68})`,
    rank: RANK.format,
  },
  {
    kind: "azure-key",
    source: "toolgate (Azure storage and Service Bus connection strings)",
    pattern: String.raw`\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecret)=([^;\s"']{8,4096})`,
    trigger: ["AccountKey", "SharedAccess", "SharedSecret"],
  },
];
