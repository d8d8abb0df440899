"""What integrators wire into a pipeline, for `check` and `audit` alike: selecting rules
(`--select`/`--ignore`), the configuration file (`compliance.toml` or `[tool.compliance]`), the
stable identity of a finding and the baseline of findings already known and accepted."""
