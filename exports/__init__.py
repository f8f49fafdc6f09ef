"""Files people take away: the review pack and table downloads, safe against formula injection."""
