"""baocao: grounded figures, areas, campaigns and periods from Vietnamese reports."""
