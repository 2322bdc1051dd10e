#!/usr/bin/env bash
# Creates or updates the two CI identities of one stack from the documents in this folder:
#   /delivery/github-preview-<suffix>  read-only, for pull requests of the repository
#   /delivery/github-deploy-<suffix>   deploys, for the repository's `production` GitHub environment
# Run it with the account administrator's credentials (not with either CI role: their policies deny
# changes under /delivery/). It is idempotent: a second run updates trust and permissions in place.
#
# Usage: delivery/apply.sh [--render-only DIR] ACCOUNT_ID GITHUB_REPOSITORY SUFFIX ENVIRONMENT [REGION DR_REGION]
#   ACCOUNT_ID         the 12-digit AWS account the stack deploys to
#   GITHUB_REPOSITORY  owner/repo as it appears in the GitHub OIDC `sub` claim (owner@id/repo@id for
#                      repositories that emit the immutable subject claim)
#   SUFFIX             the stack's environmentSuffix (Pulumi.<stack>.yaml)
#   ENVIRONMENT        the stack's Environment tag value (the `environment` config key)
#   REGION DR_REGION   the stack's `aws:region` and `drRegion` (docs/configuration.md); both or
#                      neither, default us-east-2 us-west-2 (the program's defaults)
# --render-only DIR writes the rendered documents to DIR and calls no AWS API.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RENDER_ONLY=""
if [[ "${1:-}" == "--render-only" ]]; then
  RENDER_ONLY="${2:?--render-only needs a directory}"
  shift 2
fi
if [[ $# -ne 4 && $# -ne 6 ]]; then
  sed -n '2,16p' "$0" >&2
  exit 64
fi
ACCOUNT_ID="$1" GITHUB_REPOSITORY="$2" SUFFIX="$3" ENVIRONMENT="$4" REGION="${5:-us-east-2}" DR_REGION="${6:-us-west-2}"

fail() {
  echo "apply.sh: $1" >&2
  exit 64
}
[[ "$ACCOUNT_ID" =~ ^[0-9]{12}$ ]] || fail "ACCOUNT_ID must be 12 digits, got '$ACCOUNT_ID'"
[[ "$GITHUB_REPOSITORY" =~ ^[A-Za-z0-9_.-]+(@[0-9]+)?/[A-Za-z0-9_.-]+(@[0-9]+)?$ ]] ||
  fail "GITHUB_REPOSITORY must be owner/repo (or owner@id/repo@id), got '$GITHUB_REPOSITORY'"
[[ "$SUFFIX" =~ ^[a-z]([a-z0-9]|-[a-z0-9])*$ && ${#SUFFIX} -le 28 ]] ||
  fail "SUFFIX must be an environmentSuffix (a-z, 0-9, single hyphens, at most 28), got '$SUFFIX'"
[[ "$ENVIRONMENT" =~ ^(dev|staging|prod)$ ]] || fail "ENVIRONMENT must be dev, staging or prod, got '$ENVIRONMENT'"
for region in REGION DR_REGION; do
  [[ "${!region}" =~ ^[a-z]{2}-[a-z]+-[0-9]$ ]] || fail "$region must be an AWS Region code such as us-east-2, got '${!region}'"
done
[[ "$REGION" != "$DR_REGION" ]] || fail "DR_REGION must differ from REGION, got '$DR_REGION' for both"

render() {
  sed -e "s|<ACCOUNT_ID>|$ACCOUNT_ID|g" -e "s|<GITHUB_REPOSITORY>|$GITHUB_REPOSITORY|g" \
    -e "s|<SUFFIX>|$SUFFIX|g" -e "s|<ENVIRONMENT>|$ENVIRONMENT|g" \
    -e "s|<DR_REGION>|$DR_REGION|g" -e "s|<REGION>|$REGION|g" "$HERE/$1"
}

# Role -> its trust document, session length (seconds) and permission documents.
declare -A TRUST=([preview]=trust-preview.json [deploy]=trust-deploy.json)
# A first `pulumi up` of the stack takes up to 30 minutes; two hours leaves room for Aurora changes.
declare -A SESSION=([preview]=3600 [deploy]=7200)
declare -A DOCUMENTS=(
  [preview]="preview-infrastructure preview-edge-observability"
  [deploy]="deploy-network deploy-keys-storage deploy-data deploy-compute deploy-edge deploy-observability deploy-governance"
)

if [[ -n "$RENDER_ONLY" ]]; then
  mkdir -p "$RENDER_ONLY"
  for role in preview deploy; do
    render "${TRUST[$role]}" >"$RENDER_ONLY/${TRUST[$role]}"
    for doc in ${DOCUMENTS[$role]}; do render "$doc.json" >"$RENDER_ONLY/$doc.json"; done
  done
  exit 0
fi

PROVIDER_ARN="arn:aws:iam::$ACCOUNT_ID:oidc-provider/token.actions.githubusercontent.com"
if ! aws iam get-open-id-connect-provider --open-id-connect-provider-arn "$PROVIDER_ARN" >/dev/null 2>&1; then
  # IAM no longer uses the thumbprint for GitHub's issuer; the audience is what the action requests.
  aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com \
    --client-id-list sts.amazonaws.com >/dev/null
fi

for role in preview deploy; do
  name="github-$role-$SUFFIX"
  trust="$(render "${TRUST[$role]}")"
  if aws iam get-role --role-name "$name" >/dev/null 2>&1; then
    aws iam update-assume-role-policy --role-name "$name" --policy-document "$trust"
    aws iam update-role --role-name "$name" --max-session-duration "${SESSION[$role]}"
  else
    aws iam create-role --role-name "$name" --path /delivery/ --assume-role-policy-document "$trust" \
      --max-session-duration "${SESSION[$role]}" \
      --description "GitHub Actions $role of stack $SUFFIX (repo $GITHUB_REPOSITORY)" \
      --tags "Key=Environment,Value=$ENVIRONMENT" >/dev/null
  fi
  for doc in ${DOCUMENTS[$role]}; do
    # Customer managed policies: the deploy permissions exceed the 10,240 characters IAM allows
    # for all inline policies of one role together.
    policy_name="github-$doc-$SUFFIX"
    policy_arn="arn:aws:iam::$ACCOUNT_ID:policy/delivery/$policy_name"
    document="$(render "$doc.json")"
    if aws iam get-policy --policy-arn "$policy_arn" >/dev/null 2>&1; then
      # IAM keeps at most five versions: drop the oldest non-default one before adding another.
      oldest="$(aws iam list-policy-versions --policy-arn "$policy_arn" \
        --query 'sort_by(Versions[?IsDefaultVersion==`false`], &CreateDate)[0].VersionId' --output text)"
      if [[ "$oldest" != "None" ]] && [[ "$(aws iam list-policy-versions --policy-arn "$policy_arn" \
        --query 'length(Versions)' --output text)" -ge 5 ]]; then
        aws iam delete-policy-version --policy-arn "$policy_arn" --version-id "$oldest"
      fi
      aws iam create-policy-version --policy-arn "$policy_arn" --policy-document "$document" \
        --set-as-default >/dev/null
    else
      aws iam create-policy --path /delivery/ --policy-name "$policy_name" --policy-document "$document" \
        --tags "Key=Environment,Value=$ENVIRONMENT" >/dev/null
    fi
    aws iam attach-role-policy --role-name "$name" --policy-arn "$policy_arn"
  done
  echo "$role: arn:aws:iam::$ACCOUNT_ID:role/delivery/$name"
done
