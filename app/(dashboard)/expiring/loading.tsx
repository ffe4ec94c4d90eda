/** Shown while the expiring timeline loads: the page's shape, without data. */
export default function ExpiringLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">Loading the expiring timeline…</span>
      <div className="h-4 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-8 w-2/3 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-48 rounded-xl bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-32 rounded-xl bg-zinc-100 dark:bg-zinc-900" />
    </div>
  );
}
