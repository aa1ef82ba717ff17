"""factcheck: every figure in the news, who said it, and where sources disagree."""
