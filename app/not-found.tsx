import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">This page does not exist, or it belongs to a workspace you are not a member of.</p>
      <Link href="/overview" className="mt-6 text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Back to the overview</Link>
    </main>
  );
}
