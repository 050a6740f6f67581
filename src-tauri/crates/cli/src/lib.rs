//! forumdesk-cli
