"use client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** The alert channels failed to load: say so plainly (no internals), and offer a retry. */
export default function LoadError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Notice kind="error" title="The alert channels could not be loaded">
        Nothing was changed. This is usually the database being briefly unavailable; try again in a moment.
      </Notice>
      <Button type="button" variant="secondary" onClick={() => reset()}>Try again</Button>
    </div>
  );
}
