# Read-only: exit 0 when the file is in the documents folder.
if [ -e "$DOCUMENTS_DIR/$FILE_NAME" ]; then
  echo "$DOCUMENTS_DIR/$FILE_NAME exists"
  exit 0
fi
echo "$DOCUMENTS_DIR/$FILE_NAME does not exist"
exit 1
