#!/usr/bin/env bash
# Create .venv and install reportbot into it. Torch first, as the CPU build: asking pip for a plain
# "torch" (directly or through sentence-transformers) would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -c "import torch" 2>/dev/null || .venv/bin/python -m pip install --quiet "torch==2.13.0"
# llama-cpp-python compiles at install. It is built for the x86 extensions this CPU reports: with
# AVX-512 and VNNI the reader reads its prompt ~1.7x faster than with the AVX2 build (bench/README.md,
# "Query latency"). Not -march=native: on a VM that reported AMX, its kernels died with SIGILL.
llama_cmake_args() {
  local flags args="-DGGML_NATIVE=OFF"
  flags=" $(grep -m1 '^flags' "${CPUINFO:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2 || true) "
  has() { local f; for f; do [[ $flags == *" $f "* ]] || return 1; done; }
  if has avx512f avx512cd avx512vl avx512dq avx512bw; then
    args+=" -DGGML_AVX512=ON"
    if has avx512vbmi; then args+=" -DGGML_AVX512_VBMI=ON"; fi
    if has avx512_vnni; then args+=" -DGGML_AVX512_VNNI=ON"; fi
    if has avx512_bf16; then args+=" -DGGML_AVX512_BF16=ON"; fi
  fi
  if has avx_vnni; then args+=" -DGGML_AVX_VNNI=ON"; fi
  echo "$args"
}
user_cmake_args=${CMAKE_ARGS-unset}
export CMAKE_ARGS="${CMAKE_ARGS:-$(llama_cmake_args)}"
if [ -n "${EXTRAS:-}" ]; then
  .venv/bin/python -m pip install --quiet -e ".[${EXTRAS}]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
# pip reuses a wheel it built before whatever CMAKE_ARGS say: one built for another CPU (or before
# this tuning) is dropped and rebuilt once, so the reader neither runs slow nor meets instructions
# it lacks.
if [ "$user_cmake_args" = unset ] && .venv/bin/python -c "import llama_cpp" 2>/dev/null; then
  want=0
  if [[ $CMAKE_ARGS == *GGML_AVX512=ON* ]]; then want=1; fi
  got=$(.venv/bin/python -c "import llama_cpp; print(int('AVX512 = 1' in llama_cpp.llama_print_system_info().decode()))")
  if [ "$want" != "$got" ]; then
    version=$(.venv/bin/python -c "from importlib.metadata import version; print(version('llama_cpp_python'))")
    echo "Compiling llama.cpp for this CPU (~6 min): pip's cached build was made for another CPU" >&2
    .venv/bin/python -m pip cache remove --quiet llama_cpp_python || true
    .venv/bin/python -m pip install --quiet --force-reinstall --no-deps "llama-cpp-python==$version"
  fi
fi
