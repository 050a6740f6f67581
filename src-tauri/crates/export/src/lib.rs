//! forumdesk-export
