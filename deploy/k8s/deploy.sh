#!/usr/bin/env bash
# Deploys Signal Harvester to Kubernetes with kustomize (docs/KUBERNETES_DEPLOYMENT.md).
#
#   deploy/k8s/deploy.sh [options] deploy   [single|scaled]   Secret from .env, apply, wait, health check
#   deploy/k8s/deploy.sh [options] status   [single|scaled]   workloads, autoscaler, recent events
#   deploy/k8s/deploy.sh [options] rollback [single|scaled]   previous revision of the API workload
#   deploy/k8s/deploy.sh [options] cleanup  [single|scaled]   remove it (data kept unless --delete-data)
#
# Options:
#   --dry-run          print the commands instead of running them (no cluster needed)
#   --env-file FILE    secrets and endpoints (default: .env at the repository root; see
#                      deploy/k8s/secrets.env.example)
#   --context NAME     kubectl context to use
#   --timeout SECONDS  how long to wait for a rollout (default 300)
#   --monitoring       deploy also applies deploy/monitoring/k8s (Prometheus, Grafana, Alertmanager)
#   --yes              cleanup without asking
#   --delete-data      cleanup also deletes the namespace with its volumes (the SQLite database!)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
NAMESPACE="signal-harvester"
SECRET_NAME="signal-harvester-secrets"
SECRET_TEMPLATE="${HERE}/secret.template.yaml"
APP_NAME="signal-harvester"

DRY_RUN=0
ENV_FILE="${ROOT}/.env"
CONTEXT=""
TIMEOUT=300
MONITORING=0
ASSUME_YES=0
DELETE_DATA=0
COMMAND=""
VARIANT="single"
TMP_DIR=""

die() { echo "deploy.sh: $*" >&2; exit 1; }
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
info() { echo "==> $*"; }
cleanup_tmp() { if [[ -n "${TMP_DIR}" ]]; then rm -rf "${TMP_DIR}"; fi; }
trap cleanup_tmp EXIT

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --env-file) [[ $# -ge 2 ]] || die "--env-file needs a file"; ENV_FILE="$2"; shift ;;
    --context) [[ $# -ge 2 ]] || die "--context needs a name"; CONTEXT="$2"; shift ;;
    --timeout) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--timeout needs a number of seconds"; TIMEOUT="$2"; shift ;;
    --monitoring) MONITORING=1 ;;
    --yes) ASSUME_YES=1 ;;
    --delete-data) DELETE_DATA=1 ;;
    -h|--help) usage; exit 0 ;;
    deploy|status|rollback|cleanup)
      [[ -z "${COMMAND}" ]] || die "one command at a time (got ${COMMAND} and $1)"
      COMMAND="$1" ;;
    single|scaled) VARIANT="$1" ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
[[ -n "${COMMAND}" ]] || { usage >&2; die "missing command: deploy, status, rollback or cleanup"; }

OVERLAY="${HERE}/overlays/${VARIANT}"
if [[ "${VARIANT}" == "scaled" ]]; then WORKLOAD="deployment/${APP_NAME}"; else WORKLOAD="statefulset/${APP_NAME}"; fi

KUBECTL=(kubectl)
if [[ -n "${CONTEXT}" ]]; then KUBECTL+=(--context "${CONTEXT}"); fi
KNS=("${KUBECTL[@]}" --namespace "${NAMESPACE}")

# Prints a command; runs it unless --dry-run.
run() {
  echo "+ $*"
  if [[ "${DRY_RUN}" -eq 0 ]]; then "$@"; fi
}

# The Secret's keys: exactly those of secret.template.yaml (the names the manifests' envFrom reads).
secret_keys() {
  sed -n 's/^  \([A-Z][A-Z0-9_]*\): "".*/\1/p' "${SECRET_TEMPLATE}"
}

required_keys() {
  echo "HARVEST_API_KEYS"
  if [[ "${VARIANT}" == "scaled" ]]; then echo "DATABASE_URL"; echo "REDIS_URL"; fi
}

check_prerequisites() {
  info "checking prerequisites"
  [[ -d "${OVERLAY}" ]] || die "no overlay at ${OVERLAY}"
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "${OVERLAY}" >/dev/null || die "kubectl kustomize ${OVERLAY} failed"
    echo "    kubectl found; overlay ${VARIANT} renders"
  elif [[ "${DRY_RUN}" -eq 1 ]]; then
    echo "    kubectl not found (dry run: continuing)"
  else
    die "kubectl is not installed (https://kubernetes.io/docs/tasks/tools/)"
  fi
  if [[ "${DRY_RUN}" -eq 0 ]]; then
    "${KUBECTL[@]}" cluster-info >/dev/null 2>&1 || die "cannot reach the cluster (kubectl cluster-info failed; check your context)"
    echo "    cluster reachable"
  fi
}

# Writes the keys of the template that .env sets (non-empty) to a private temporary file,
# SECRET_ENV (removed on exit).
SECRET_ENV=""
build_secret_env() {
  [[ -f "${ENV_FILE}" ]] || die "no env file at ${ENV_FILE} (copy deploy/k8s/secrets.env.example to .env and fill it in, or pass --env-file)"
  TMP_DIR="$(mktemp -d)"
  chmod 700 "${TMP_DIR}"
  SECRET_ENV="${TMP_DIR}/secret.env"
  local out="${SECRET_ENV}" key line value
  : > "${out}"
  chmod 600 "${out}"
  local -a allowed=()
  mapfile -t allowed < <(secret_keys)
  [[ "${#allowed[@]}" -gt 0 ]] || die "no keys found in ${SECRET_TEMPLATE}"
  while IFS= read -r line || [[ -n "${line}" ]]; do
    line="${line%$'\r'}"
    [[ -z "${line}" || "${line}" =~ ^[[:space:]]*# ]] && continue
    [[ "${line}" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || die "${ENV_FILE}: cannot read line '${line%%=*}=…' (expected KEY=VALUE)"
    key="${BASH_REMATCH[2]}"
    value="${BASH_REMATCH[3]}"
    if [[ "${value}" =~ ^\"(.*)\"$ || "${value}" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    if printf '%s\n' "${allowed[@]}" | grep -qx "${key}"; then
      [[ -n "${value}" ]] && printf '%s=%s\n' "${key}" "${value}" >> "${out}"
    else
      echo "    ignoring ${key} from ${ENV_FILE} (not a key of ${SECRET_NAME})" >&2
    fi
  done < "${ENV_FILE}"
  local missing=()
  while IFS= read -r key; do
    grep -q "^${key}=" "${out}" || missing+=("${key}")
  done < <(required_keys)
  [[ "${#missing[@]}" -eq 0 ]] || die "${ENV_FILE} lacks required keys for the ${VARIANT} overlay: ${missing[*]}"
  if [[ "${VARIANT}" == "single" ]] && grep -q '^DATABASE_URL=' "${out}"; then
    echo "    note: DATABASE_URL is set, so the single overlay will use PostgreSQL, not its SQLite volume" >&2
  fi
}

do_deploy() {
  check_prerequisites
  local env_out keys checksum
  build_secret_env
  env_out="${SECRET_ENV}"
  keys="$(cut -d= -f1 "${env_out}" | paste -sd, -)"
  checksum="$(sha256sum "${env_out}" | cut -c1-16)"
  info "namespace ${NAMESPACE}"
  run "${KUBECTL[@]}" apply -f "${HERE}/base/namespace.yaml"
  info "Secret ${SECRET_NAME} from ${ENV_FILE} (keys: ${keys}; values not shown)"
  echo "+ ${KNS[*]} create secret generic ${SECRET_NAME} --from-env-file=<${keys}> --dry-run=client -o yaml | ${KUBECTL[*]} apply -f -"
  if [[ "${DRY_RUN}" -eq 0 ]]; then
    "${KNS[@]}" create secret generic "${SECRET_NAME}" --from-env-file="${env_out}" --dry-run=client -o yaml | "${KUBECTL[@]}" apply -f -
  fi
  info "applying overlay ${VARIANT}"
  run "${KUBECTL[@]}" apply -k "${OVERLAY}"
  if [[ "${MONITORING}" -eq 1 ]]; then
    info "applying monitoring"
    run "${KUBECTL[@]}" apply -k "${ROOT}/deploy/monitoring/k8s"
  fi
  # envFrom does not restart pods when the Secret changes: a checksum annotation on the pod template does.
  info "pod template annotated with the Secret's checksum (restarts pods only when it changed)"
  run "${KNS[@]}" patch "${WORKLOAD}" --type merge -p "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"signal-harvester/secret-checksum\":\"${checksum}\"}}}}}"
  info "waiting for the rollout (up to ${TIMEOUT} s)"
  if ! run "${KNS[@]}" rollout status "${WORKLOAD}" --timeout="${TIMEOUT}s"; then
    echo "deploy.sh: the rollout did not finish; inspect with '$0 status ${VARIANT}', undo with '$0 rollback ${VARIANT}'" >&2
    exit 1
  fi
  health_check
  access_info
}

health_check() {
  info "health checks"
  run "${KNS[@]}" exec "${WORKLOAD}" -c app -- node -e "fetch('http://127.0.0.1:8000/health/ready').then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); }, (e) => { console.error(e.message); process.exit(1); })"
  run "${KNS[@]}" get endpoints "${APP_NAME}"
}

access_info() {
  info "access"
  echo "    ingress:      ${KNS[*]} get ingress ${APP_NAME}   (https://<host>/health, /docs)"
  echo "    port-forward: ${KNS[*]} port-forward svc/${APP_NAME} 8000:8000   then http://127.0.0.1:8000/docs"
  echo "    logs:         ${KNS[*]} logs -f ${WORKLOAD}"
  if [[ "${VARIANT}" == "scaled" ]]; then
    echo "    pipeline:     ${KNS[*]} create job --from=cronjob/${APP_NAME}-pipeline pipeline-manual-\$(date +%s)"
  fi
}

do_status() {
  check_prerequisites
  run "${KNS[@]}" get "${WORKLOAD}" -o wide
  run "${KNS[@]}" get pods,svc,ingress,networkpolicy,pvc -l app.kubernetes.io/name="${APP_NAME}" -o wide
  if [[ "${VARIANT}" == "scaled" ]]; then
    run "${KNS[@]}" get hpa,pdb,cronjob,jobs
  fi
  run "${KNS[@]}" rollout history "${WORKLOAD}"
  run "${KNS[@]}" get events --sort-by=.lastTimestamp
}

do_rollback() {
  check_prerequisites
  info "rolling ${WORKLOAD} back to its previous revision"
  run "${KNS[@]}" rollout undo "${WORKLOAD}"
  run "${KNS[@]}" rollout status "${WORKLOAD}" --timeout="${TIMEOUT}s"
  health_check
}

do_cleanup() {
  check_prerequisites
  if [[ "${DRY_RUN}" -eq 0 && "${ASSUME_YES}" -eq 0 ]]; then
    local answer
    read -r -p "Remove Signal Harvester (${VARIANT}) from namespace ${NAMESPACE}? [y/N] " answer
    [[ "${answer}" == "y" || "${answer}" == "Y" ]] || die "cleanup cancelled"
  fi
  info "removing the ${VARIANT} overlay's objects (the Namespace stays, and with it the data volumes)"
  echo "+ kubectl kustomize ${OVERLAY} | <all but the Namespace> | ${KUBECTL[*]} delete --ignore-not-found -f -"
  if [[ "${DRY_RUN}" -eq 0 ]]; then
    kubectl kustomize "${OVERLAY}" | awk 'BEGIN { RS = "\n---\n"; ORS = "\n---\n" } !/(^|\n)kind: Namespace\n/' | "${KUBECTL[@]}" delete --ignore-not-found -f -
  fi
  run "${KNS[@]}" delete secret "${SECRET_NAME}" --ignore-not-found
  if [[ "${DELETE_DATA}" -eq 1 ]]; then
    info "deleting the namespace with its volumes (--delete-data)"
    run "${KUBECTL[@]}" delete namespace "${NAMESPACE}" --ignore-not-found
  else
    echo "    kept: namespace ${NAMESPACE} and its PersistentVolumeClaims (pass --delete-data to remove them)"
  fi
}

if [[ "${DRY_RUN}" -eq 1 ]]; then info "dry run: nothing is changed"; fi
case "${COMMAND}" in
  deploy) do_deploy ;;
  status) do_status ;;
  rollback) do_rollback ;;
  cleanup) do_cleanup ;;
esac
