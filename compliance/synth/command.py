"""`compliance genera`: the command's body (the CLI in compliance/cli.py only forwards to it)."""

from __future__ import annotations

import sys
from pathlib import Path


def genera_command(out_dir: Path, *, seed: int, years: list[int], ambiti: int, defect_share: float) -> int:
    from compliance.synth import generate
    from compliance.synth.generator import DEFAULT_YEARS

    if out_dir.exists() and not out_dir.is_dir():
        print(f"errore: {out_dir}: esiste e non è una cartella", file=sys.stderr)
        return 2
    try:
        manifest = generate(out_dir, seed=seed, years=years or DEFAULT_YEARS, ambiti=ambiti,
                            defect_share=defect_share)
    except ValueError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 2
    print(f"{manifest['plans']} piani ({manifest['ambiti']} ambiti, {manifest['comuni']} comuni, anni "
          f"{', '.join(map(str, manifest['years']))}); difetti inseriti: {manifest['defects_planted']}; "
          f"elenco: {out_dir / 'manifest.json'}")
    return 0
