"""Reference data beside an edition: the figures the original report publishes and the NICE
Framework components the audit checks against."""
