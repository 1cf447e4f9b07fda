// A file the services hand the renderer to offer as a download (an export, the import template).

export interface ExportFile {
  fileName: string;
  mimeType: string;
  base64: string;
}
