// Reading files chosen by people (receipts, CSV imports) and turning stored files back into
// something the window can show.

/**
 * Reads a file as base64 text without the "data:...;base64," prefix. Text files (CSV) go
 * this way too: the core works out how they were saved (UTF-8, UTF-16, Windows-1252), which
 * reading them as text here would get wrong.
 */
export function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const text = String(reader.result || '');
      const comma = text.indexOf(',');
      resolve(comma >= 0 ? text.slice(comma + 1) : text);
    };
    reader.onerror = () => reject({ code: 'io', message: `Forum Desk could not read "${file.name}". Please try again.`, field: null });
    reader.readAsDataURL(file);
  });
}

/** A data: URL for showing an image receipt in an <img>. */
export function dataUrl(mime, base64) {
  return `data:${mime};base64,${base64}`;
}

/** A blob: URL for downloading a stored file (for example a PDF receipt). Revoke it when done. */
export function blobUrl(mime, base64) {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: mime }));
}

export const RECEIPT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
export const RECEIPT_ACCEPT = RECEIPT_TYPES.join(',');

/** True for JPEG, PNG and PDF files (by type, or by name when the system gives no type). */
export function isReceiptFile(file) {
  if (RECEIPT_TYPES.includes(file.type)) return true;
  return !file.type && /\.(jpe?g|png|pdf)$/i.test(file.name || '');
}
