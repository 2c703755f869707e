"""Reading recorded attempts as a team lead does: one line per attempt, one attempt in full."""
