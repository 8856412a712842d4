//! The connection under [`super::Redis`]: one server, or a Redis Cluster. Both are the redis
//! crate's `ConnectionLike`, so every command, pipeline and script is sent the same way (the
//! cluster's routes each by the slot of its keys, a pipeline by its first command's); what a
//! cluster cannot do on one connection (SCAN, pub/sub, per-node checks) `Redis` does per node.

use redis::{Cmd, ConnectionLike, RedisResult, Value};

use super::cluster::Cluster;

pub(super) enum Con {
    One(redis::Connection),
    Cluster(Box<Cluster>),
}

impl Con {
    fn inner(&mut self) -> &mut dyn ConnectionLike {
        match self {
            Con::One(c) => c,
            Con::Cluster(c) => &mut c.con,
        }
    }
}

impl ConnectionLike for Con {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value> {
        self.inner().req_packed_command(cmd)
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        self.inner().req_packed_commands(cmd, offset, count)
    }

    fn req_command(&mut self, cmd: &Cmd) -> RedisResult<Value> {
        self.inner().req_command(cmd)
    }

    fn get_db(&self) -> i64 {
        match self {
            Con::One(c) => c.get_db(),
            Con::Cluster(c) => c.con.get_db(),
        }
    }

    /// The crate's cluster says no (a pipeline may span nodes) but sends one to the node of its
    /// first command's keys, and follows a `MOVED` for the whole of it. Ours name one key, or
    /// one showtime's keys, which share a slot in the cluster key style: so yes.
    fn supports_pipelining(&self) -> bool {
        true
    }

    fn check_connection(&mut self) -> bool {
        self.inner().check_connection()
    }

    fn is_open(&self) -> bool {
        match self {
            Con::One(c) => c.is_open(),
            Con::Cluster(c) => c.con.is_open(),
        }
    }
}
