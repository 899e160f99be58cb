"""Demo content for 江岭市, a fictional city: agencies, policies, interpretations, users."""
