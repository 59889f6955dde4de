ALTER TABLE "accounts" ADD COLUMN "scan_every" text DEFAULT '24h' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "next_scan_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "last_scan_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "trigger" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "regions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "resource_count" integer;--> statement-breakpoint
CREATE INDEX "resources_type_idx" ON "resources" USING btree ("type");