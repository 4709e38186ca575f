// Hands a file from the server (a PDF sheet, an XLSX export) to the browser's download; in
// Electron this opens the system "save as" dialog.

export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later: the download may still be reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
