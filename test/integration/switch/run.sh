#!/usr/bin/env bash
# Real SIP calls through Kamailio (deploy/kamailio) and SIPp against this server: installs what it
# needs from Debian, then runs the switch suite (jest project "switch"). Prints jest's totals.
set -uo pipefail
cd "$(dirname "$0")/../../.."
need=()
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so ] || need+=(kamailio-utils-modules)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/app_jsdt.so ] || need+=(kamailio-extra-modules)
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/tmp/switch-install.log 2>&1 \
    || { echo "could not install ${need[*]} (see /tmp/switch-install.log)"; exit 1; }
fi
SWITCH_TESTS=1 timeout 900 npx jest --selectProjects switch --forceExit
