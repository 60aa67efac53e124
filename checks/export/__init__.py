"""What leaves Preflight: the corrected CSV, the error report and templates."""
