# Quarterly reports and management reviews are built on the
# platform's TenantModel; this app has no tables yet.
