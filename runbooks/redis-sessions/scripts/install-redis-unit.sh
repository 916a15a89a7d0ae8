# Source steps 20-21: install the unit (WantedBy=multi-user.target, so it
# starts at boot: the source's TODO), enable and start it. The file is
# replaced only when it differs, and the unit restarted only then.
changed=0
if [ ! -f "$UNIT_PATH" ] || [ "$(cat "$UNIT_PATH")" != "$UNIT_CONTENT" ]; then
  printf '%s\n' "$UNIT_CONTENT" > "$UNIT_PATH.tmp"
  mv "$UNIT_PATH.tmp" "$UNIT_PATH"
  changed=1
fi
systemctl daemon-reload
systemctl enable "$UNIT_NAME"
if [ "$changed" = 1 ]; then systemctl restart "$UNIT_NAME"; else systemctl start "$UNIT_NAME"; fi
sleep 2
if ! systemctl is-active --quiet "$UNIT_NAME"; then
  systemctl status --no-pager "$UNIT_NAME" || true
  exit 1
fi
echo "$UNIT_NAME is enabled and active"
