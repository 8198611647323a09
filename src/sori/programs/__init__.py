"""Support programs (지원사업): calls, applications, reviews, selection, awards, usage, renewals, matching."""
