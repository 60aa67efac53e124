"""Safe fixes and manual edits, and checking the result again."""
