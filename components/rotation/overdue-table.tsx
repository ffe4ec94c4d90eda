import Link from "next/link";
import { methodLabel } from "@/components/credentials/credential-form-fields";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { LocalDay } from "./local-day";
import type { RotationSort, SortDirection } from "@/lib/dashboard/rotation-age";
import type { RotationAgeJson } from "@/lib/queries/use-rotation-age";

const th = "px-4 py-3 font-medium";
const link = "font-medium text-indigo-700 hover:underline dark:text-indigo-300";

/** A column header that sorts by it (toggling the direction when it already does); the state is in the URL. */
function SortHeader({ label, column, current, href }: { label: string; column: RotationSort; current: { sort: RotationSort; dir: SortDirection }; href: string }) {
  const active = current.sort === column;
  const arrow = active ? (current.dir === "asc" ? "↑" : "↓") : "";
  return (
    <th className={th} aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : "none"} scope="col">
      <Link href={href} className="inline-flex items-center gap-1 rounded hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-zinc-100" data-testid={`sort-${column}`}>
        {label} <span aria-hidden="true">{arrow}</span>
        <span className="sr-only">{active ? `, sorted ${current.dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}

/** The credentials past their rotation interval, with the way to rotate each. */
export function OverdueTable({ items, sort, sortHrefs, canRotate }: { items: RotationAgeJson["overdue"]; sort: RotationAgeJson["sort"]; sortHrefs: Record<RotationSort, string>; canRotate: boolean }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="overdue-table">
        <caption className="sr-only">Credentials overdue for rotation</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th} scope="col">Credential</th>
            <SortHeader label="Age" column="age" current={sort} href={sortHrefs.age} />
            <th className={th} scope="col">Last rotated</th>
            <SortHeader label="Owner" column="owner" current={sort} href={sortHrefs.owner} />
            <SortHeader label="Workflow" column="workflow" current={sort} href={sortHrefs.workflow} />
            <th className={th} scope="col"><span className="sr-only">Action</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((i) => (
            <tr key={i.id} className="align-top" data-testid="overdue-row" data-name={i.name}>
              <td className="px-4 py-3">
                <Link href={i.detailHref} className={link}>{i.name}</Link>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{methodLabel(i.method)} · {i.provider} · {i.environment}{i.sensitive ? " · sensitive" : ""}</span>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                <StatusPill tone="bad">{`${i.ageDays} d`}</StatusPill>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{`${i.overdueByDays} d past its ${i.policyDays}-day policy`}</span>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                <span className="block"><LocalDay value={i.rotatedAt} /></span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400"><RelativeTime value={i.rotatedAt} /></span>
              </td>
              <td className="px-4 py-3">{i.ownerName ?? <span className="text-zinc-500 dark:text-zinc-400">No owner</span>}</td>
              <td className="px-4 py-3">{i.workflows.length ? i.workflows.join(", ") : <span className="text-zinc-500 dark:text-zinc-400">—</span>}</td>
              <td className="px-4 py-3 text-right">
                {canRotate ? <Link href={i.rotateHref} className={link} aria-label={`Rotate ${i.name}`}>Rotate</Link> : <Link href={i.detailHref} className={link}>View</Link>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
