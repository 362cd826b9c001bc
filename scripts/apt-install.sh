# Sourced by the scripts that need Debian packages: `apt_install [--no-recommends] PACKAGE...`
# installs those that are missing, as root or through sudo, and says which.
apt_install() {
    local options=() missing=() p sudo=""
    if [[ ${1-} == --no-recommends ]]; then options=(--no-install-recommends); shift; fi
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null
}
