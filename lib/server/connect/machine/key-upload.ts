import "server-only";
import { ServiceError } from "../../errors";

/** Largest service-account key file accepted (real ones are about 2.3 KB). */
export const maxKeyFileBytes = 64 * 1024;

const field = "serviceAccountKey";

function tooLarge(): ServiceError {
  const message = "The file is larger than 64 KB, so it is not a service-account key (those are about 2 KB). Upload the JSON key file itself.";
  return new ServiceError("PAYLOAD_TOO_LARGE", message, { fieldErrors: { [field]: message } });
}

/** Reads the uploaded key file (a File from FormData; text is accepted too); clear errors for a missing or oversized file. */
export async function readKeyUpload(entry: FormDataEntryValue | null): Promise<string> {
  const missing = () => new ServiceError("BAD_REQUEST", "Choose the service account's JSON key file.", { fieldErrors: { [field]: "Choose the service account's JSON key file." } });
  if (entry === null) throw missing();
  if (typeof entry === "string") {
    if (entry.trim() === "") throw missing();
    if (Buffer.byteLength(entry, "utf8") > maxKeyFileBytes) throw tooLarge();
    return entry;
  }
  if (entry.size === 0) throw missing();
  if (entry.size > maxKeyFileBytes) throw tooLarge();
  return entry.text();
}
