/*! Secret formats adapted from the rules of gitleaks, config/gitleaks.toml at
 * https://github.com/gitleaks/gitleaks (changes: src/redact/NOTICE.md). Their licence:
 *
 * MIT License
 *
 * Copyright (c) 2019 Zachary Rice
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 */
import type { PatternEntry } from "../pattern-family.js";

// Tokens that announce themselves with a prefix. Each pattern is a prefix and bounded runs, matched anywhere a
// token can start (at a word boundary; see scan.ts). Unlike gitleaks, no right boundary is required and lengths are a little
// wider: for redaction, hiding a token glued to more text beats showing it. Order matters only where two
// prefixes overlap (Anthropic before OpenAI, Grafana before JWT).
export const TOKEN_ENTRIES: readonly PatternEntry[] = [
  {
    kind: "github-token",
    source: "github-pat github-oauth github-app-token github-refresh-token",
    pattern: "gh[pousr]_[0-9A-Za-z]{30,251}",
    trigger: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
  },
  { kind: "github-token", source: "github-fine-grained-pat", pattern: "github_pat_[0-9A-Za-z_]{60,251}" },
  {
    kind: "gitlab-token",
    source:
      "gitlab-pat gitlab-pat-routable gitlab-deploy-token gitlab-ptt gitlab-runner-authentication-token gitlab-cicd-job-token gitlab-feed-token gitlab-incoming-mail-token gitlab-kubernetes-agent-token gitlab-oauth-app-secret gitlab-scim-token gitlab-feature-flag-client-token",
    pattern: "gl(?:pat|dt|ptt|rt|cbt|ft|imt|agent|oas|soat|ffct)-[0-9A-Za-z_.-]{20,300}",
    trigger: [
      "glpat-",
      "gldt-",
      "glptt-",
      "glrt-",
      "glcbt-",
      "glft-",
      "glimt-",
      "glagent-",
      "gloas-",
      "glsoat-",
      "glffct-",
    ],
  },
  { kind: "gitlab-token", source: "gitlab-rrt", pattern: "GR1348941[0-9A-Za-z_-]{20,64}" },
  {
    kind: "slack-token",
    source: "slack-config-access-token",
    pattern: String.raw`xoxe\.xox[bp]-[0-9A-Za-z-]{100,300}`,
  },
  {
    kind: "slack-token",
    source:
      "slack-bot-token slack-user-token slack-legacy-token slack-legacy-bot-token slack-legacy-workspace-token slack-config-refresh-token",
    pattern: "xox[abeoprs]-[0-9A-Za-z-]{10,300}",
  },
  { kind: "slack-token", source: "slack-app-token", pattern: "xapp-[0-9]-[0-9A-Za-z-]{20,300}" },
  { kind: "google-api-key", source: "gcp-api-key", pattern: "AIza[0-9A-Za-z_-]{35}" },
  {
    kind: "google-oauth-token",
    source: "toolgate (Google's documented ya29. and GOCSPX- prefixes)",
    pattern: String.raw`(?:ya29\.|GOCSPX-)[0-9A-Za-z_-]{20,2048}`,
    trigger: ["ya29.", "GOCSPX-"],
  },
  { kind: "npm-token", source: "npm-access-token", pattern: "npm_[0-9A-Za-z]{36,64}" },
  {
    kind: "sendgrid-key",
    source: "sendgrid-api-token",
    pattern: String.raw`SG\.[0-9A-Za-z_=-]{16,32}\.[0-9A-Za-z_=-]{30,64}`,
    trigger: ["SG."],
  },
  {
    kind: "huggingface-token",
    source: "huggingface-access-token huggingface-organization-api-token",
    pattern: "(?:hf_|api_org_)[0-9A-Za-z]{30,64}",
    trigger: ["hf_", "api_org_"],
  },
  {
    kind: "digitalocean-token",
    source: "digitalocean-pat digitalocean-access-token digitalocean-refresh-token",
    pattern: "do[opr]_v1_[a-f0-9]{64}",
    trigger: ["dop_v1_", "doo_v1_", "dor_v1_"],
  },
  {
    kind: "aws-access-key",
    source: "aws-access-token",
    pattern: "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}",
    trigger: ["A3T", "AKIA", "ASIA", "ABIA", "ACCA"],
  },
  {
    kind: "aws-bedrock-key",
    source: "aws-amazon-bedrock-api-key-long-lived",
    pattern: "ABSK[A-Za-z0-9+/]{109,269}={0,2}",
  },
  {
    kind: "stripe-key",
    source: "stripe-access-token",
    pattern: "(?:sk|rk)_(?:test|live|prod)_[0-9A-Za-z]{10,255}",
    trigger: ["sk_", "rk_"],
  },
  {
    kind: "stripe-key",
    source: "toolgate (Stripe webhook signing secrets)",
    pattern: "whsec_[0-9A-Za-z]{24,128}",
  },
  {
    kind: "anthropic-key",
    source: "anthropic-api-key anthropic-admin-api-key",
    pattern: "sk-ant-[a-z]{3,6}[0-9]{2}-[0-9A-Za-z_-]{32,200}",
  },
  {
    kind: "openai-key",
    source: "openai-api-key",
    pattern: "sk-(?:proj|svcacct|admin)-[0-9A-Za-z_-]{20,300}",
  },
  { kind: "openai-key", source: "openai-api-key", pattern: "sk-[0-9A-Za-z]{20}T3BlbkFJ[0-9A-Za-z]{20}" },
  { kind: "twilio-key", source: "twilio-api-key", pattern: "SK[0-9a-fA-F]{32}" },
  {
    kind: "shopify-token",
    source: "shopify-access-token shopify-custom-access-token shopify-private-app-access-token shopify-shared-secret",
    pattern: "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
  },
  { kind: "pypi-token", source: "pypi-upload-token", pattern: "pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,1000}" },
  { kind: "linear-key", source: "linear-api-key", pattern: "lin_api_[0-9A-Za-z]{40}" },
  {
    kind: "age-secret-key",
    source: "age-secret-key",
    pattern: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
  },
  {
    kind: "vault-token",
    source: "vault-service-token vault-batch-token",
    pattern: String.raw`hv[sb]\.[0-9A-Za-z_-]{90,300}`,
    trigger: ["hvs.", "hvb."],
  },
  { kind: "databricks-token", source: "databricks-api-token", pattern: "dapi[a-f0-9]{32}(?:-[0-9])?" },
  { kind: "postman-key", source: "postman-api-token", pattern: "PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}" },
  {
    kind: "doppler-token",
    source: "doppler-api-token",
    pattern: String.raw`dp\.pt\.[0-9A-Za-z]{43}`,
    trigger: ["dp.pt."],
  },
  {
    kind: "grafana-token",
    source: "grafana-service-account-token",
    pattern: "glsa_[0-9A-Za-z]{32}_[A-Fa-f0-9]{8}",
  },
  { kind: "grafana-token", source: "grafana-cloud-api-token", pattern: "glc_[A-Za-z0-9+/]{32,400}={0,3}" },
  { kind: "grafana-token", source: "grafana-api-key", pattern: "eyJrIjoi[A-Za-z0-9]{70,400}={0,3}" },
  {
    kind: "sentry-token",
    source: "sentry-user-token sentry-org-token",
    pattern: "sntry[us]_[0-9A-Za-z+/=_]{40,400}",
  },
  { kind: "pulumi-token", source: "pulumi-api-token", pattern: "pul-[a-f0-9]{40}" },
  {
    kind: "planetscale-token",
    source: "planetscale-password planetscale-api-token planetscale-oauth-token",
    pattern: "pscale_(?:pw|tkn|oauth)_[0-9A-Za-z_=.-]{32,64}",
  },
  { kind: "heroku-key", source: "heroku-api-key-v2", pattern: "HRKU-AA[0-9A-Za-z_-]{58}" },
  { kind: "notion-token", source: "notion-api-token", pattern: "ntn_[0-9]{11}[0-9A-Za-z]{35}" },
  {
    kind: "square-token",
    source: "square-access-token",
    pattern: "(?:EAAA|sq0atp-|sq0csp-)[0-9A-Za-z_-]{22,60}",
    trigger: ["EAAA", "sq0atp-", "sq0csp-"],
  },
  { kind: "atlassian-token", source: "atlassian-api-token", pattern: "ATATT3[0-9A-Za-z_=-]{186}" },
  {
    kind: "new-relic-key",
    source: "new-relic-user-api-key new-relic-insert-key new-relic-browser-api-token",
    pattern: "NR(?:AK|II|JS)-[0-9A-Za-z-]{19,40}",
    trigger: ["NRAK-", "NRII-", "NRJS-"],
  },
  {
    kind: "1password-token",
    source: "1password-service-account-token",
    pattern: "ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}",
  },
  {
    kind: "1password-secret-key",
    source: "1password-secret-key",
    pattern: "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
  },
  { kind: "perplexity-key", source: "perplexity-api-key", pattern: "pplx-[0-9A-Za-z]{48}" },
  { kind: "openshift-token", source: "openshift-user-token", pattern: "sha256~[0-9A-Za-z_-]{43}" },
  {
    kind: "dynatrace-token",
    source: "dynatrace-api-token",
    pattern: String.raw`dt0c01\.[0-9A-Za-z]{24}\.[0-9A-Za-z]{64}`,
  },
  { kind: "prefect-token", source: "prefect-api-token", pattern: "pnu_[0-9A-Za-z]{36}" },
  { kind: "sendinblue-key", source: "sendinblue-api-token", pattern: "xkeysib-[a-f0-9]{64}-[0-9A-Za-z]{16}" },
  { kind: "shippo-token", source: "shippo-api-token", pattern: "shippo_(?:live|test)_[a-fA-F0-9]{40}" },
  { kind: "clojars-token", source: "clojars-api-token", pattern: "CLOJARS_[0-9A-Za-z]{60}" },
  { kind: "rubygems-token", source: "rubygems-api-token", pattern: "rubygems_[a-f0-9]{48}" },
  {
    kind: "flyio-token",
    source: "flyio-access-token",
    pattern: "(?:fo1_[0-9A-Za-z_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,4000}={0,3})",
    trigger: ["fo1_", "fm1", "fm2"],
  },
  { kind: "infracost-token", source: "infracost-api-token", pattern: "ico-[0-9A-Za-z]{32}" },
  { kind: "readme-token", source: "readme-api-token", pattern: "rdme_[a-z0-9]{70}" },
  { kind: "duffel-token", source: "duffel-api-token", pattern: "duffel_(?:test|live)_[0-9A-Za-z_=-]{43}" },
  {
    kind: "easypost-token",
    source: "easypost-api-token easypost-test-api-token",
    pattern: "EZ[AT]K[0-9A-Za-z]{54}",
    trigger: ["EZAK", "EZTK"],
  },
  {
    kind: "artifactory-token",
    source: "artifactory-api-key artifactory-reference-token",
    pattern: "(?:AKCp[0-9A-Za-z]{69}|cmVmd[0-9A-Za-z]{59})",
    trigger: ["AKCp", "cmVmd"],
  },
  {
    kind: "mailgun-key",
    source: "mailgun-private-api-token (without its mailgun keyword)",
    pattern: "key-[a-f0-9]{32}",
  },
  { kind: "groq-key", source: "toolgate (Groq's gsk_ prefix)", pattern: "gsk_[0-9A-Za-z]{48,64}" },
  // The JWT runs may contain "-", which the shared word boundary lets through: also require that none precedes,
  // so a long run of "eyJ-eyJ-…" starts one attempt, not one per "eyJ".
  {
    kind: "jwt",
    source: "jwt",
    pattern: String.raw`(?<!-)eyJ[0-9A-Za-z_-]{8,4096}\.[0-9A-Za-z_-]{4,16384}\.[0-9A-Za-z_-]{0,4096}`,
    trigger: ["eyJ"],
  },
];
