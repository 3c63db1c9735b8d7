"""Nomination dossiers (hồ sơ đề nghị khen thưởng): proposals, documents, eligibility, statuses."""
