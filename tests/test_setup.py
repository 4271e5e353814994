"""scripts/setup.sh builds llama.cpp for the x86 extensions the CPU reports, and never for AMX."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUP = ROOT / "scripts" / "setup.sh"

AVX2 = "fpu sse4_2 avx avx2 fma f16c bmi2"
AVX512 = "avx512f avx512cd avx512vl avx512dq avx512bw"


def cmake_args(tmp_path: Path, flags: str | None) -> list[str]:
    """The llama.cpp build options setup.sh chooses on a CPU whose /proc/cpuinfo gives ``flags``."""
    cpuinfo = tmp_path / "cpuinfo"
    if flags is not None:
        cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n")
    script = f'eval "$(sed -n "/^llama_cmake_args()/,/^}}/p" {SETUP})"; llama_cmake_args'
    out = subprocess.run(
        ["bash", "-c", script],
        env={"PATH": os.environ["PATH"], "CPUINFO": str(cpuinfo)},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_avx512_and_vnni_are_used_where_the_cpu_reports_them(tmp_path: Path):
    args = cmake_args(tmp_path, f"{AVX2} {AVX512} avx512vbmi avx512_vnni avx512_bf16 avx_vnni")
    assert args == [
        "-DGGML_NATIVE=OFF",
        "-DGGML_AVX512=ON",
        "-DGGML_AVX512_VBMI=ON",
        "-DGGML_AVX512_VNNI=ON",
        "-DGGML_AVX512_BF16=ON",
        "-DGGML_AVX_VNNI=ON",
    ]


def test_a_cpu_without_the_whole_avx512_base_gets_the_avx2_build(tmp_path: Path):
    # -DGGML_AVX512 compiles with all five of -mavx512f/cd/vl/dq/bw: one missing is no AVX-512 build.
    assert cmake_args(tmp_path, f"{AVX2} avx512f avx512cd avx512vl avx512dq avx512_vnni") == ["-DGGML_NATIVE=OFF"]


def test_amx_is_never_built_even_where_reported(tmp_path: Path):
    args = cmake_args(tmp_path, f"{AVX2} {AVX512} amx_tile amx_int8 amx_bf16")
    assert args == ["-DGGML_NATIVE=OFF", "-DGGML_AVX512=ON"]
    assert not any("AMX" in a for a in args)


def test_no_cpuinfo_means_the_portable_build(tmp_path: Path):
    assert cmake_args(tmp_path, None) == ["-DGGML_NATIVE=OFF"]


def test_the_installed_llama_cpp_matches_this_cpu():
    """What setup.sh installed here uses AVX-512 exactly when this CPU has it (a wheel pip had
    cached for another CPU is rebuilt)."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("the [llm] extra is not installed")
    import llama_cpp

    flags = next(
        (
            line.split(":", 1)[1].split()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("flags")
        ),
        [],
    )
    has_avx512 = set(AVX512.split()) <= set(flags)
    assert ("AVX512 = 1" in llama_cpp.llama_print_system_info().decode()) == has_avx512
