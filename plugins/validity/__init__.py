"""Validity of normative documents (规范性文件有效期): in force, amended, repealed,
expired; the annual table, evaluation campaigns and the public in-force catalogue."""
