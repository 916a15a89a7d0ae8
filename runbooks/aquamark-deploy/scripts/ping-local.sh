# Verify for the web server: /ping answers on this host.
curl -fsS -w '\n' --max-time 10 "http://localhost/ping"
