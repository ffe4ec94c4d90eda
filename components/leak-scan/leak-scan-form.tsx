"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { LeakHitsTable, type LeakHitRow } from "./leak-hits-table";

type ScanResponse = { fileName: string; stringsScanned: number; hits: LeakHitRow[] };
const MAX_BYTES = 5 * 1024 * 1024;

/** Upload a workflow export; the file goes to Authpulse as the request body and is never stored. */
export function LeakScanForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ScanResponse | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    setError(null);
    setResult(null);
    if (!(file instanceof File) || file.size === 0) return setError("Choose a file to scan.");
    if (file.size > MAX_BYTES) return setError("The file is larger than 5 MB. Split the export, or scan the workflow that matters.");
    setPending(true);
    try {
      const response = await fetch("/api/leak-scan", { method: "POST", body: file, headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) } });
      const body = (await response.json().catch(() => null)) as (ScanResponse & { error?: { message?: string } }) | null;
      if (!response.ok || !body) return setError(body?.error?.message ?? `The scan failed (${response.status}).`);
      setResult(body);
      router.refresh();
    } catch {
      setError("The scan could not reach Authpulse. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Scan a file for leaked secrets">
        <label className="block">
          <span className="mb-1 block text-sm font-medium text-zinc-800 dark:text-zinc-200">Workflow export or config file</span>
          <input name="file" type="file" accept=".json,.env,.csv,.txt,.yaml,.yml,text/*,application/json" className="block text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100" />
        </label>
        <Button type="submit" disabled={pending}>{pending ? "Scanning…" : "Scan file"}</Button>
        <p className="w-full text-xs text-zinc-500 dark:text-zinc-400">n8n workflow JSON, Make blueprint, Clay CSV, .env or any text, up to 5 MB. Scanned in memory and never stored; only where the hits are is kept.</p>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <div data-testid="leak-scan-result" className="space-y-3">
          <Notice kind={result.hits.length === 0 ? "success" : "error"} title={result.hits.length === 0 ? "No secrets found" : `${result.hits.length} ${result.hits.length === 1 ? "secret" : "secrets"} found in ${result.fileName}`}>
            {result.hits.length === 0 ? `Checked ${result.stringsScanned} values against the vault and the known secret formats.` : "Anyone with this file can use them. Move each into Authpulse and have the workflow fetch it at run time."}
          </Notice>
          {result.hits.length > 0 && <LeakHitsTable hits={result.hits} />}
        </div>
      )}
    </div>
  );
}
