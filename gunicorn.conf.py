"""gunicorn's settings for renluyen (`make serve`, the systemd unit of docs/deployment.md).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

wsgi_app = "renluyen.wsgi:application"
# Behind the HTTPS reverse proxy on the same machine; never exposed directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: 2 per core + 1 (gunicorn's advice); PostgreSQL must accept as many
# connections (plus cron jobs).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads per worker (gunicorn's gthread worker when above 1); each thread holds its own
# database connection. docs/deployment.md says why 1 is the default.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# An import of a 20 MB list or a branch PDF may take tens of seconds; nothing takes more.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows for months.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The proxy sets X-Forwarded-Proto; Django trusts it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
