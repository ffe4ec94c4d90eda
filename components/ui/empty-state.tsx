import type { ReactNode } from "react";

/** A designed empty state: what this screen will show, why it is empty, and what to do next. */
export function EmptyState({ icon, title, children, steps, action }: { icon: ReactNode; title: string; children: ReactNode; steps?: string[]; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center dark:border-zinc-700 dark:bg-zinc-900/60">
      <div className="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300" aria-hidden="true">
        {icon}
      </div>
      <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      <div className="mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      {steps && (
        <ol className="mt-5 max-w-md list-decimal space-y-1 pl-5 text-left text-sm text-zinc-600 dark:text-zinc-400">
          {steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
