"""Cross-check scoring inside a cluster (kiểm tra chéo): templates, checks, ranking, Excel."""
