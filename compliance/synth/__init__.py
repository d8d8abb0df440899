"""Synthetic plans at Lombardy scale with planted defects (`compliance genera`)."""

from compliance.synth.generator import SyntheticPlan, SyntheticSet, generate, generate_plans

__all__ = ["SyntheticPlan", "SyntheticSet", "generate", "generate_plans"]
