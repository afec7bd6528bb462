CREATE TABLE `backup_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`task_id` text NOT NULL,
	`trigger` text NOT NULL,
	`initiator` text,
	`status` text DEFAULT 'running' NOT NULL,
	`entities_total` integer NOT NULL,
	`entities_done` integer DEFAULT 0 NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `backup_tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backup_runs_task_idx` ON `backup_runs` (`account_id`,`task_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `backup_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`service` text NOT NULL,
	`name` text NOT NULL,
	`tenant_id` text,
	`connection` text DEFAULT 'pending' NOT NULL,
	`connection_error` text,
	`connected_at` integer,
	`consent_state_hash` text,
	`consent_state_expires_at` integer,
	`index_for_search` integer DEFAULT true NOT NULL,
	`auto_activate` integer DEFAULT false NOT NULL,
	`archive_retention_days` integer DEFAULT 90 NOT NULL,
	`retention_days` integer,
	`frequency` text DEFAULT 'daily' NOT NULL,
	`backup_hour` integer DEFAULT 1 NOT NULL,
	`last_discovery_at` integer,
	`next_run_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backup_tasks_account_idx` ON `backup_tasks` (`account_id`,`service`);--> statement-breakpoint
CREATE TABLE `entity_tags` (
	`account_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`entity_id`, `tag_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entity_id`) REFERENCES `protected_entities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `entity_tags_tag_idx` ON `entity_tags` (`account_id`,`tag_id`);--> statement-breakpoint
CREATE TABLE `protected_entities` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`task_id` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`mailbox_type` text DEFAULT 'user' NOT NULL,
	`licensed` integer NOT NULL,
	`status` text DEFAULT 'not_active' NOT NULL,
	`status_before_deletion` text,
	`status_reason` text,
	`backup_bytes` integer DEFAULT 0 NOT NULL,
	`item_count` integer DEFAULT 0 NOT NULL,
	`last_backup_at` integer,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`activated_at` integer,
	`archived_at` integer,
	`purge_after` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `backup_tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entities_task_external_uq` ON `protected_entities` (`task_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `entities_list_idx` ON `protected_entities` (`account_id`,`task_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `entities_status_idx` ON `protected_entities` (`account_id`,`task_id`,`status`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `entities_email_idx` ON `protected_entities` (`account_id`,`task_id`,`email`);--> statement-breakpoint
CREATE TABLE `snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`task_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`status` text DEFAULT 'in_process' NOT NULL,
	`reason` text,
	`items` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`sub_services` text DEFAULT '{}' NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `backup_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entity_id`) REFERENCES `protected_entities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `backup_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snapshots_entity_seq_uq` ON `snapshots` (`entity_id`,`seq`);--> statement-breakpoint
CREATE INDEX `snapshots_run_idx` ON `snapshots` (`account_id`,`run_id`);--> statement-breakpoint
CREATE INDEX `snapshots_entity_idx` ON `snapshots` (`account_id`,`entity_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `system_activity` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`task_id` text,
	`task_name` text,
	`entity_id` text,
	`run_id` text,
	`activity` text NOT NULL,
	`service` text NOT NULL,
	`sub_service` text,
	`status` text NOT NULL,
	`item` text,
	`execution_ms` integer,
	`data_bytes` integer,
	`records` integer,
	`description` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `system_activity_account_idx` ON `system_activity` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `system_activity_entity_idx` ON `system_activity` (`account_id`,`entity_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`limited_access` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_account_name_uq` ON `tags` (`account_id`,`name`);