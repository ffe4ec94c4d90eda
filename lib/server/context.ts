import "server-only";
import type { Clock } from "@/lib/clock";
import type { Db } from "./db";

/** What every service function receives: the database and the clock (both injectable). */
export type ServiceContext = { db: Db; clock: Clock };
