"""Report output shared by every export: plain row models, atomic files, PDF tables."""
