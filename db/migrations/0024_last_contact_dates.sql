-- The link tables of the contact log carry their entry's date (occurred_on), so that "when did we
-- last speak with this partnership / partner" is one index seek (partnership_id, occurred_on)
-- instead of a lookup of every linked entry. Triggers keep the copy in step with log_entries: no
-- writer has to set it. (A table rebuild by drizzle-kit drops triggers: recreate them after one.)
UPDATE `log_entry_partners` SET `occurred_on` = (SELECT le.`occurred_on` FROM `log_entries` le WHERE le.`id` = `log_entry_partners`.`log_entry_id`);--> statement-breakpoint
UPDATE `log_entry_partnerships` SET `occurred_on` = (SELECT le.`occurred_on` FROM `log_entries` le WHERE le.`id` = `log_entry_partnerships`.`log_entry_id`);--> statement-breakpoint
CREATE TRIGGER `log_entry_partners_occurred_on` AFTER INSERT ON `log_entry_partners` BEGIN
  UPDATE `log_entry_partners` SET `occurred_on` = (SELECT le.`occurred_on` FROM `log_entries` le WHERE le.`id` = NEW.`log_entry_id`)
  WHERE `log_entry_id` = NEW.`log_entry_id` AND `partner_id` = NEW.`partner_id`;
END;--> statement-breakpoint
CREATE TRIGGER `log_entry_partnerships_occurred_on` AFTER INSERT ON `log_entry_partnerships` BEGIN
  UPDATE `log_entry_partnerships` SET `occurred_on` = (SELECT le.`occurred_on` FROM `log_entries` le WHERE le.`id` = NEW.`log_entry_id`)
  WHERE `log_entry_id` = NEW.`log_entry_id` AND `partnership_id` = NEW.`partnership_id`;
END;--> statement-breakpoint
CREATE TRIGGER `log_entries_occurred_on_links` AFTER UPDATE OF `occurred_on` ON `log_entries` BEGIN
  UPDATE `log_entry_partners` SET `occurred_on` = NEW.`occurred_on` WHERE `log_entry_id` = NEW.`id`;
  UPDATE `log_entry_partnerships` SET `occurred_on` = NEW.`occurred_on` WHERE `log_entry_id` = NEW.`id`;
END;
