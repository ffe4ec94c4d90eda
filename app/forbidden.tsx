import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Admins only</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">Your role in this workspace is viewer. Viewers can read dashboards and the checklist; ask an admin if you need to change something.</p>
      <Link href="/overview" className="mt-6 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to the overview</Link>
    </main>
  );
}
